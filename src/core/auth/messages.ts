/** Sign-in and security texts, zh-CN first (same shape as core/i18n/messages.ts; merge there when convenient). */
export const authMessages = {
  'auth.signIn': { zh: '登录', en: 'Sign in' },
  'auth.signInTitle': { zh: '登录后勤管理平台', en: 'Sign in to the logistics portal' },
  'auth.signInIntro': {
    zh: '请扫描后勤主任发给您的登录二维码或打开登录链接；也可以在下面输入手机号（或编号）和登录码。',
    en: 'Scan the sign-in QR code or open the sign-in link from the head of logistics, or enter your phone number (or ID) and sign-in code below.',
  },
  'auth.who': { zh: '手机号或编号', en: 'Phone number or ID' },
  'auth.code': { zh: '登录码', en: 'Sign-in code' },
  'auth.codeHint': { zh: '8 位，如 K7PM-Q3XR，不区分大小写', en: '8 characters, e.g. K7PM-Q3XR; case does not matter' },
  'auth.badCode': {
    zh: '手机号/编号或登录码不正确，或登录码已过期、已使用。请核对后重试，或请后勤主任重新发放。',
    en: 'The phone number/ID or the code is wrong, or the code has expired or been used. Check and retry, or ask the head of logistics for a new one.',
  },
  'auth.limited': { zh: '尝试次数过多，请 15 分钟后再试。', en: 'Too many attempts; try again in 15 minutes.' },
  'auth.linkTitle': { zh: '使用登录链接', en: 'Use the sign-in link' },
  'auth.linkConfirm': { zh: '点击下面的按钮登录。此链接只能使用一次。', en: 'Press the button to sign in. This link works once.' },
  'auth.linkBad': {
    zh: '此登录链接无效、已过期或已经使用过。请向后勤主任索取新的登录单。',
    en: 'This sign-in link is invalid, expired or already used. Ask the head of logistics for a new sign-in sheet.',
  },
  'auth.inactive': { zh: '您的账号未启用或已停用，请联系后勤主任。', en: 'Your account is not active; contact the head of logistics.' },
  'auth.signedOut': { zh: '您已退出登录。', en: 'You have signed out.' },
  'auth.signOutAll': { zh: '在所有设备上退出', en: 'Sign out on every device' },
  'auth.needSignIn': { zh: '请先登录。', en: 'Please sign in first.' },
  'auth.forbidden': {
    zh: '您的角色（{role}）不能使用此功能。如需权限，请联系后勤主任。',
    en: 'Your role ({role}) cannot use this. Ask the head of logistics if you need access.',
  },
  'auth.readOnly': { zh: '校领导账号为只读，不能修改数据。', en: 'Leadership accounts are read-only and cannot change data.' },
  'auth.noPolicy': {
    zh: '此页面没有声明访问权限，已被拒绝。请联系管理员。',
    en: 'This page declares no access policy and was refused. Contact the administrator.',
  },
  'auth.csrf': {
    zh: '表单已过期或来源不明（可能打开了太久）。请刷新页面后重新提交，您填写的内容请先复制保存。',
    en: 'The form has expired or did not come from this site (perhaps it was open too long). Reload the page and submit again; copy what you typed first.',
  },
  'auth.crossSite': { zh: '拒绝来自其他网站的提交。', en: 'Submissions from other sites are refused.' },
  'auth.tooLarge': {
    zh: '提交的内容太大（上限 {limit} KB），未保存。请减少内容后重试。',
    en: 'The submission is too large (limit {limit} KB) and was not saved. Shorten it and retry.',
  },
  'auth.notForm': {
    zh: '这个地址只接受网页表单提交，收到的是「{type}」，未保存。请在门户页面上填写后提交。',
    en: 'This address only accepts web forms, but received "{type}"; nothing was saved. Fill in the form on the portal page and submit it.',
  },
  'auth.badForm': {
    zh: '提交的内容不完整或格式有误（可能上传中断了），未保存。请返回重新提交。',
    en: 'The submission was incomplete or malformed (perhaps the upload was cut off); nothing was saved. Go back and submit again.',
  },
  'auth.notOwner': {
    zh: '您只能修改自己所在班级/部门（{unit}）的记录。',
    en: 'You can only change records of your own class or department ({unit}).',
  },
  'auth.people': { zh: '人员与登录', en: 'People and sign-in' },
  'auth.peopleIntro': {
    zh: '在表格「人员」工作表中增加、停用人员或修改角色，门户在 {seconds} 秒内生效。这里为人员发放登录单或登录码。',
    en: 'Add or deactivate people, or change roles, in the People tab of the spreadsheet; the portal follows within {seconds} seconds. Here you issue sign-in sheets and codes.',
  },
  'auth.openPeopleSheet': { zh: '在表格中编辑人员', en: 'Edit people in the spreadsheet' },
  'auth.printSheet': { zh: '打印登录单', en: 'Print sign-in sheet' },
  'auth.issueCode': { zh: '发登录码', en: 'Issue a code' },
  'auth.revoke': { zh: '收回登录', en: 'Revoke sign-in' },
  'auth.revoked': {
    zh: '已收回 {name} 的全部登录码和登录链接，并在所有设备上退出。',
    en: 'Revoked every code and link of {name} and signed them out everywhere.',
  },
  'auth.inactiveTag': { zh: '已停用', en: 'inactive' },
  'auth.personNotFound': { zh: '人员表中没有编号为 {id} 的启用人员。', en: 'No active person has the ID {id} in the People tab.' },
  'auth.codeIssued': { zh: '{name} 的登录码', en: 'Sign-in code for {name}' },
  'auth.codeValid': {
    zh: '有效期至 {until}（15 分钟），只能使用一次。请当面或电话告知本人。',
    en: 'Valid until {until} (15 minutes), once. Tell it to the person directly.',
  },
  'auth.sheetTitle': { zh: '后勤管理平台 登录单', en: 'Logistics portal sign-in sheet' },
  'auth.sheetName': { zh: '姓名', en: 'Name' },
  'auth.sheetRole': { zh: '角色', en: 'Role' },
  'auth.sheetId': { zh: '编号', en: 'ID' },
  'auth.sheetUnit': { zh: '班级/部门', en: 'Class / department' },
  'auth.sheetValid': { zh: '有效期至', en: 'Valid until' },
  'auth.print': { zh: '打印', en: 'Print' },
  'auth.backToPeople': { zh: '返回人员列表', en: 'Back to people' },
  'auth.sessions': { zh: '登录记录', en: 'Sign-in grants' },
  'error.unauthorized': { zh: '需要登录', en: 'Sign-in required' },
  'error.forbidden': { zh: '没有权限', en: 'Not allowed' },
} as const;

export type AuthMessageKey = keyof typeof authMessages;
