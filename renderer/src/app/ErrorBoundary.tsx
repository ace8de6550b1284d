import { Button, Result, Typography } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What failed, for the title: 本页面 by default. */
  what?: string;
}

interface State {
  error: Error | null;
}

/**
 * A page that throws while rendering shows what went wrong and a way out, never a blank
 * screen; the header, the status bar and the other pages keep working. Keyed by the route in
 * the frame, so going to another page clears it.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The renderer has no log file of its own; the console is what IT sees in DevTools.
    console.error('页面出错', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Result
        status="error"
        title={`${this.props.what ?? '本页面'}出现错误，未能显示`}
        subTitle="已提交的办件保存在本机数据库中，不受影响。请重新加载；如反复出现，请把下面的错误信息告知信息科。"
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            重新加载
          </Button>
        }
      >
        <Typography.Paragraph code copyable className="error-detail">
          {error.message || error.name}
        </Typography.Paragraph>
      </Result>
    );
  }
}
