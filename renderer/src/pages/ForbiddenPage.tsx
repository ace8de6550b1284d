import { Button, Result } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../electron/contract';
import { useSession } from '../app/frame-context';
import { HOME_PATH } from '../app/nav';
import { sectionOf } from '../app/role-access';

/**
 * A section the signed-in role may not use (an old link, a typed address): said plainly instead
 * of a page whose every call the core would refuse.
 */
export function ForbiddenPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const role = useSession().staff?.role;
  const section = sectionOf(location.pathname);
  const who = role ? ROLE_LABELS[role] : '未登录';
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={`当前角色（${who}）不能使用“${section?.label ?? '此页面'}”。请从左侧导航进入可用的功能；如确需使用，请联系系统管理员调整角色。`}
      extra={
        <Button type="primary" autoFocus onClick={() => void navigate(HOME_PATH)}>
          回到首页
        </Button>
      }
    />
  );
}
